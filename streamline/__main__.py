from streamline.cli import main

main()
