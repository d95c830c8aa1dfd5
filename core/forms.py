"""Form helpers every app's views share."""


def add_service_error(form, error):
    """Show a service's ``ValidationError`` on ``form``: each message on the field it names
    when the form has that field, on the form as a whole otherwise."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        for message in error.messages:
            form.add_error(None, message)
