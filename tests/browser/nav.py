"""The main navigation as a person reaches it: on a phone (the browser tests' default screen)
it is a closed "Menu" disclosure, opened first; on a wide screen its links are always there."""


def main_menu(page):
    nav = page.get_by_role("navigation", name="Main")
    toggle = nav.locator("summary")
    if toggle.is_visible() and not nav.locator("details").evaluate("menu => menu.open"):
        toggle.click()
    return nav
