"""The harness checks itself on the real dashboard: a console error fails a test, even from an
earlier page; screenshots are PNGs; processes a test leaves behind are found."""

import os
import signal
import subprocess

from selenium.webdriver.common.by import By

from conftest import console_log, format_entries, login, save_screenshot, severe_entries, stray_processes, wait_until


def test_a_console_error_is_caught_across_pages(web, browser):
    login(browser, web)
    browser.execute_script("console.error('provoked console error')")
    browser.get(web.base_url + "/tasks")  # another page: the error must not be lost
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tasks"
    errors = severe_entries(console_log(browser).collect())
    assert len(errors) == 1 and "provoked console error" in errors[0]["message"], format_entries(errors)
    console_log(browser).clear()  # provoked on purpose: not a failure of this test


def test_a_missing_resource_is_a_console_error(web, browser):
    login(browser, web)
    browser.execute_script("""
        const image = document.createElement('img'); image.src = '/missing.png';
        document.body.appendChild(image);""")
    errors = wait_until(lambda: severe_entries(console_log(browser).collect()), 10, "no console error for a 404")
    assert "404" in errors[0]["message"], format_entries(errors)
    console_log(browser).clear()


def test_a_screenshot_is_a_png(web, browser, tmp_path):
    login(browser, web)
    data = save_screenshot(browser, tmp_path / "shots" / "page.png", full_height=True).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), data[:16]
    assert int.from_bytes(data[16:20], "big") == 1280


def test_orphans_are_found_and_can_be_killed():
    # sh starts sleep in the background and exits: the orphaned sleep comes to pytest (a child
    # subreaper), where the end-of-test check would find it.
    pid = int(subprocess.run(["sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!"],
                             capture_output=True, text=True, check=True).stdout)
    assert pid in stray_processes()
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: pid not in stray_processes(), 10, "the orphan did not go away")
