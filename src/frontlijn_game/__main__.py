from frontlijn_game.cli import main

main()
