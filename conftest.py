"""Settings for every pytest run in the repository, including nbval on notebooks/ alone."""

import os

# Kernels started by the tests (nbval, nbclient) inherit this: they show charts as Altair's
# HTML, which the stored outputs hold, not as the offline widget of a live JupyterLab
# (pfp_data.display).
os.environ["PFP_CHARTS"] = "html"
