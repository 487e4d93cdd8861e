"""The interactive walkers, one module each; every change is saved the moment it is made, so
quitting — or Ctrl-C — keeps everything done so far."""
