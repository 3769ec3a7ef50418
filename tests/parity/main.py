"""Node entry for the parity run: prints every scenario's trace (parent side,
then the frame kit's 'frame: ' scenarios, then the headless client's
'headless: ' scenarios)."""
from scenarios import run_all
from frame_scenarios import run_frame_all
from headless_scenarios import run_headless_all

for result in run_all():
    print('### ' + result[0])  # transcrypt-ok: the parity run prints its traces
    for line in result[1]:
        print(line)  # transcrypt-ok: the parity run prints its traces

for result in run_frame_all():
    print('### ' + result[0])  # transcrypt-ok: the parity run prints its traces
    for line in result[1]:
        print(line)  # transcrypt-ok: the parity run prints its traces

for result in run_headless_all():
    print('### ' + result[0])  # transcrypt-ok: the parity run prints its traces
    for line in result[1]:
        print(line)  # transcrypt-ok: the parity run prints its traces
