"""Node entry for the parity run: prints every scenario's trace (parent side,
then the frame kit's 'frame: ' scenarios)."""
from scenarios import run_all
from frame_scenarios import run_frame_all

for result in run_all():
    print('### ' + result[0])
    for line in result[1]:
        print(line)

for result in run_frame_all():
    print('### ' + result[0])
    for line in result[1]:
        print(line)
