"""The segment worksheet: the screen, and its criteria, editing and log flows.

The flows are typed against `protocol.Worksheet`, never against the screen or each other.
"""
