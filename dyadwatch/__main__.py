from dyadwatch.cli import main

main()
