"""Language data (word lists and rule files) kept beside the code, one folder per language."""
