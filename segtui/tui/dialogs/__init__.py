"""Modal dialogs: each declares the type of its answer (`ModalScreen[ResultType]`)."""
