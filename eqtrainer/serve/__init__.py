"""Workshops over SSH: the server, the launcher of games, the room's control socket."""

import warnings

# asyncssh still names DSA keys, which cryptography warns about on import; the server
# offers only an Ed25519 host key, and the warning would only alarm the facilitator.
warnings.filterwarnings("ignore", message=".*DSA.*", module="asyncssh")
