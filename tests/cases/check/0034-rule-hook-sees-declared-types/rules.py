def zip_is_text(rec, ctx):
    if not isinstance(rec["zip"], str):
        return f"zip is {type(rec['zip']).__name__}"
