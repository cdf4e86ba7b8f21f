"""`python -m bot.action_server ARGS`: the rasa-sdk action server with personal data masked
in its logs (it logs whole trackers when an action fails)."""

import sys

from bot.privacy import install_log_masking

if __name__ == "__main__":
    install_log_masking()
    from rasa_sdk.__main__ import main

    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    main()
