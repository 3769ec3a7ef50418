"""Node entry for the parity run: prints every scenario's trace."""
from scenarios import run_all

for result in run_all():
    print('### ' + result[0])
    for line in result[1]:
        print(line)
