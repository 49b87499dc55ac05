"""The clusters page in a browser: it follows the cluster live, and pauses and resumes queues."""

from selenium.webdriver.common.by import By

from conftest import PAGE_CHANGING, login, wait_until

# The live stream replaces the clusters' part of the page every second: an element found a
# moment ago may be gone, so look-ups and clicks are tried again until they hold.


def queue_row_text(browser, name):
    return browser.find_element(By.CSS_SELECTOR, f'#queues tr[data-queue="{name}"]').text


def click_queue_button(browser, name, label):
    def clicked():
        browser.find_element(By.CSS_SELECTOR, f'#queues tr[data-queue="{name}"]') \
            .find_element(By.XPATH, f'.//button[text()="{label}"]').click()
        return True
    wait_until(clicked, 10, f"no {label} button for queue {name}", ignoring=PAGE_CHANGING)


def test_a_running_task_appears_without_reloading(cluster, web, browser):
    login(browser, web)
    assert browser.find_element(By.CSS_SELECTOR, 'section.cluster[data-cluster="default"]')
    # Marks the document: a reload would lose the mark, a live update keeps it.
    browser.execute_script("document.body.dataset.marked = 'yes'")
    cluster.workdir.run("enqueue", "--name", "watched-task", "--", "sleep", "60", check=True)
    wait_until(lambda: "watched-task" in browser.find_element(By.ID, "clusters").text, 10,
               "the running task did not appear on the clusters page", ignoring=PAGE_CHANGING)
    assert browser.execute_script("return document.body.dataset.marked") == "yes", "the page was reloaded"
    wait_until(lambda: "/tasks/" in browser.find_element(By.LINK_TEXT, "watched-task").get_attribute("href"), 10,
               "the running task is not a link to its page", ignoring=PAGE_CHANGING)
    cluster.workdir.run("kill", "watched-task", "--wait", check=True)
    wait_until(lambda: "watched-task" not in browser.find_element(By.ID, "clusters").text, 10,
               "the killed task stayed on the clusters page", ignoring=PAGE_CHANGING)


def test_pause_and_resume_a_queue(workdir, web, browser):
    workdir.run("enqueue", "--", "true", check=True)
    login(browser, web)
    click_queue_button(browser, "default", "Pause")
    wait_until(lambda: "paused" in queue_row_text(browser, "default"), 10, "the queue did not show as paused", ignoring=PAGE_CHANGING)
    assert workdir.json("info", "--json")["queues"][0]["paused"] is True
    click_queue_button(browser, "default", "Resume")
    wait_until(lambda: "taking tasks" in queue_row_text(browser, "default"), 10, "the queue did not show as resumed",
               ignoring=PAGE_CHANGING)
    assert workdir.json("info", "--json")["queues"][0]["paused"] is False
