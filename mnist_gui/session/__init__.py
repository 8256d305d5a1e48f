"""The session layer: what the window does that is not a widget (QtCore only, never QtWidgets/QtGui).

The app state and its active model, background tasks with "latest request wins", the evaluation,
training and adaptation lifecycles, and the one owner of the saved settings. Widgets in `gui`
show what these hold and forward the user's requests to them.
"""
