"""`python -m bot.rasa_server ARGS`: Rasa's own CLI with personal data masked in its logs and
the speed-ups of `bot.rasa_speedups`."""

import sys

from bot.privacy import install_log_masking

if __name__ == "__main__":
    install_log_masking()
    from bot import rasa_speedups

    rasa_speedups.install()
    from rasa.__main__ import main

    sys.argv = ["rasa", *sys.argv[1:]]
    main()
