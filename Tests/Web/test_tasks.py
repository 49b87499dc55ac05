"""The tasks pages in a browser: a task's output followed while it runs, cancel, run again,
and output that is shown as text, never as markup."""

import json
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import PAGE_CHANGING, click_button, login, make_gate, open_gate, save_screenshot, wait_until

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".build" / "web-screenshots"


def task_state(browser):
    return wait_until(lambda: browser.find_element(By.ID, "task-state").text, 10, "no task state on the page",
                      ignoring=PAGE_CHANGING)


def test_a_running_task_s_output_follows_live(cluster, web, browser):
    work = cluster.workdir
    for gate in ("go", "stop"):
        make_gate(work.path / gate)
    script = "echo first-line; cat go > /dev/null; echo second-line; cat stop > /dev/null; echo last-line"
    work.run("enqueue", "--name", "talker", "--", "sh", "-c", script, check=True)
    login(browser, web)
    wait_until(lambda: "talker" in browser.find_element(By.ID, "clusters").text, 10,
               "the task did not show as running on the clusters page", ignoring=PAGE_CHANGING)
    save_screenshot(browser, SCREENSHOTS / "clusters.png")
    browser.get(web.base_url + "/tasks/talker")
    wait_until(lambda: "first-line" in browser.find_element(By.ID, "output").text, 10, "no output on the task's page")
    browser.execute_script("document.body.dataset.marked = 'yes'")
    open_gate(work.path / "go")
    wait_until(lambda: "second-line" in browser.find_element(By.ID, "output").text, 10,
               "the page did not follow the output")
    assert browser.execute_script("return document.body.dataset.marked") == "yes", "the page was reloaded"
    open_gate(work.path / "stop")
    # At its end the page reloads to the task's final state, with stdout in full.
    wait_until(lambda: task_state(browser) == "success", 15, "the page did not show the task's end", ignoring=PAGE_CHANGING)
    assert browser.find_element(By.ID, "stdout").text.split() == ["first-line", "second-line", "last-line"]
    assert browser.find_elements(By.XPATH, '//button[text()="Run again"]')


def test_cancel_a_queued_task(workdir, web, browser):
    workdir.run("pause", check=True)
    workdir.run("enqueue", "--name", "not-wanted", "--", "true", check=True)
    login(browser, web)
    browser.get(web.base_url + "/tasks?state=queued")
    browser.find_element(By.LINK_TEXT, "not-wanted").click()
    assert task_state(browser) == "queued"
    click_button(browser, "Cancel")
    wait_until(lambda: task_state(browser) == "cancelled", 10, "the task did not show as cancelled", ignoring=PAGE_CHANGING)
    result = workdir.run("result", "not-wanted", "--json")
    assert result.returncode == 1 and json.loads(result.stdout)["state"] == "cancelled", result


def test_run_a_failure_again(cluster, web, browser):
    work = cluster.workdir
    work.run("enqueue", "--name", "flaky", "--", "sh", "-c", "test -e fixed", check=True)
    assert work.run("result", "flaky", "--wait", "20s").returncode == 1
    login(browser, web)
    browser.get(web.base_url + "/tasks?state=failed")
    row = browser.find_element(By.CSS_SELECTOR, '#tasks tr[data-state="failed"]')
    failed_id = row.get_attribute("data-task")
    row.find_element(By.LINK_TEXT, "flaky").click()
    (work.path / "fixed").touch()
    click_button(browser, "Run again")
    # The new task's page, which follows it until it ends.
    wait_until(lambda: browser.find_element(By.ID, "task-summary").get_attribute("data-task") != failed_id, 10,
               "Run again did not lead to the new task", ignoring=PAGE_CHANGING)
    wait_until(lambda: task_state(browser) == "success", 20, "the new task did not succeed", ignoring=PAGE_CHANGING)
    assert work.json("result", "flaky", "--json")["state"] == "success"


def test_rerun_all_failed_of_a_group(cluster, web, browser):
    work = cluster.workdir
    for name in ("one", "two"):
        work.run("enqueue", "--group", "nightly", "--name", name, "--", "sh", "-c", "test -e fixed", check=True)
        assert work.run("result", name, "--wait", "20s").returncode == 1
    (work.path / "fixed").touch()
    login(browser, web)
    browser.get(web.base_url + "/tasks?state=failed&group=nightly")
    click_button(browser, "Rerun all failed")
    wait_until(lambda: "2 failed tasks enqueued again" in browser.find_element(By.TAG_NAME, "main").text, 10,
               "the page did not say what was rerun", ignoring=PAGE_CHANGING)
    for name in ("one", "two"):
        assert work.run("result", name, "--wait", "20s").returncode == 0


def test_output_is_text_not_markup(cluster, web, browser):
    work = cluster.workdir
    printed = "<script>window.pwned = 1</script><b id=injected>bold</b> & \"quotes\" 'too'"
    work.run("enqueue", "--name", "<i>named</i>", "--", "printf", "%s", printed, check=True)
    assert work.run("result", "<i>named</i>", "--wait", "20s").returncode == 0
    login(browser, web)
    browser.get(web.base_url + "/tasks")
    assert browser.find_element(By.LINK_TEXT, "<i>named</i>")
    browser.find_element(By.LINK_TEXT, "<i>named</i>").click()
    assert browser.find_element(By.ID, "stdout").text == printed
    assert browser.execute_script("return window.pwned") is None
    assert not browser.find_elements(By.ID, "injected")
    assert not browser.find_elements(By.CSS_SELECTOR, "#task-facts i")
