"""Build-time code for the site: MkDocs hooks, and the fence reader they share
with the tests."""
