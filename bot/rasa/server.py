"""`python -m bot.rasa.server ARGS`: Rasa's own CLI with personal data masked in its logs and
the speed-ups of `bot.rasa.speedups`."""

import sys

from bot.rasa.privacy import install_log_masking

if __name__ == "__main__":
    install_log_masking()
    from bot.rasa import speedups as rasa_speedups

    rasa_speedups.install()
    from rasa.__main__ import main

    sys.argv = ["rasa", *sys.argv[1:]]
    main()
