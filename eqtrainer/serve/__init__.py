"""Workshops over SSH: the server, the forking parent that starts games, the room."""
