"""Application shell of Én dør inn: settings, CLI, process runner, web app."""
