from analysis.tooling.cli import main

main()
