import os
import sys

# One BLAS thread per process, set before numpy loads: the models' matrix products then run on
# numpy's BLAS (lib/nlp.py), and --workers processes do not fight over the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from lib.cli import main  # noqa: E402 - after the environment above

sys.exit(main())
