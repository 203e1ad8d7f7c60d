#!/usr/bin/env python
from quantriet.cli import main

if __name__ == "__main__":
    main()
