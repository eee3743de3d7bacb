//! Keys to actions, with descriptions that feed the help screen.
