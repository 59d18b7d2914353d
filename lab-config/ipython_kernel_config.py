# Installed into {sys.prefix}/etc/ipython/ by tools/install_lab_config.py (make setup, and
# Binder's postBuild), so every kernel of the course environment loads it.
# pfp_data.display draws Altair charts with JavaScript shipped in the environment the
# first time a kernel shows one, so no chart asks a CDN for anything, even in a notebook
# that never calls pfp_data.display.configure(). It imports nothing heavy until then.
c = get_config()  # noqa: F821 (IPython provides get_config in config files)
c.InteractiveShellApp.extensions = ["pfp_data.display"]
