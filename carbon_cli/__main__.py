from carbon_cli.cli import app

app(prog_name="carbon")
