"""VTK rendering of the model. Imports no Qt."""
