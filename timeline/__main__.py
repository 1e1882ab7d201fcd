import sys

try:
    from timeline.cli import main
except KeyboardInterrupt:  # Ctrl-C before the command's own handler is there
    print("timeline: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
