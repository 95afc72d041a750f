"""The main window's parts that are not flows: its actions, menus, toolbar and size."""
