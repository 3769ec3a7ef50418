"""The module build.py hands to Transcrypt: importing every facade makes one
transpile emit every SDK module into build/transpiled/ (Transcrypt's -b
rebuilds its target folder, so one root keeps parent and frame side together).
esbuild then bundles each entry with only what it uses."""
from api import create_api
from connect import create_connect
from frame_api import create_frame_api
from headless_api import create_headless

ROOTS = [create_api, create_connect, create_frame_api, create_headless]
