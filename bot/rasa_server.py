"""`python -m bot.rasa_server ARGS`: Rasa's own CLI with personal data masked in its logs."""

import sys

from bot.privacy import install_log_masking

if __name__ == "__main__":
    install_log_masking()
    from rasa.__main__ import main

    sys.argv = ["rasa", *sys.argv[1:]]
    main()
