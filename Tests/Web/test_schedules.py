"""The schedules page in a browser: a cron expression's next runs before saving, a schedule
added, paused, run and removed."""

import json

from selenium.webdriver.common.by import By

from conftest import PAGE_CHANGING, click_button, login, wait_until


def fill(browser, field, text):
    element = browser.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def schedule_names(workdir):
    """The schedules `qctl schedule list --json` lists (one JSON object per line)."""
    lines = workdir.run("schedule", "list", "--json", check=True).stdout.splitlines()
    return [json.loads(line)["name"] for line in lines]


def fill_cron_schedule(browser, web, name, command, cron):
    """Opens the schedules page and fills its form in for a cron schedule."""
    login(browser, web)
    browser.get(web.base_url + "/schedules")
    fill(browser, "name", name)
    fill(browser, "command", command)
    browser.find_element(By.CSS_SELECTOR, '#kind option[value="cron"]').click()
    fill(browser, "cron", cron)


def test_add_a_schedule_after_seeing_its_next_runs(workdir, web, browser):
    fill_cron_schedule(browser, web, "nightly-report", "echo report > report.txt", "30 3 * * *")
    click_button(browser, "Preview")
    times = wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#preview li"), 10, "no preview of the next runs")
    assert len(times) == 5 and all("03:30" in time.text for time in times), [time.text for time in times]
    assert browser.find_element(By.ID, "name").get_attribute("value") == "nightly-report"
    assert schedule_names(workdir) == [], "the preview saved the schedule"
    click_button(browser, "Save")
    wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, '#schedules tr[data-schedule="nightly-report"]'), 10,
               "the schedule is not listed", ignoring=PAGE_CHANGING)
    assert schedule_names(workdir) == ["nightly-report"]


def test_a_bad_cron_expression_is_shown_and_nothing_saved(workdir, web, browser):
    fill_cron_schedule(browser, web, "broken", "true", "61 * * * *")
    click_button(browser, "Save")
    error = wait_until(lambda: browser.find_elements(By.ID, "cron-error"), 10, "no error beside the cron field")
    assert "61 is out of range" in error[0].text
    assert browser.find_element(By.ID, "cron").get_attribute("value") == "61 * * * *"
    assert schedule_names(workdir) == []


def test_pause_run_and_remove_a_schedule(workdir, web, browser):
    workdir.run("schedule", "add", "hourly", "--cron", "0 * * * *", "--", "true", check=True)
    login(browser, web)
    browser.get(web.base_url + "/schedules")
    row = '#schedules tr[data-schedule="hourly"]'
    browser.find_element(By.CSS_SELECTOR, row).find_element(By.XPATH, './/button[text()="Pause"]').click()
    wait_until(lambda: browser.find_element(By.CSS_SELECTOR, row).find_elements(By.XPATH, './/button[text()="Resume"]'),
               10, "no Resume button after Pause", ignoring=PAGE_CHANGING)
    assert workdir.json("schedule", "show", "hourly", "--json")["paused"] is True
    browser.find_element(By.CSS_SELECTOR, row).find_element(By.XPATH, './/button[text()="Run now"]').click()
    wait_until(lambda: "/tasks/" in browser.current_url, 10, "Run now did not lead to the task")
    browser.get(web.base_url + "/schedules")
    browser.find_element(By.CSS_SELECTOR, row).find_element(By.XPATH, './/button[text()="Remove"]').click()
    wait_until(lambda: not browser.find_elements(By.CSS_SELECTOR, row), 10, "the schedule is still listed",
               ignoring=PAGE_CHANGING)
    assert schedule_names(workdir) == []
