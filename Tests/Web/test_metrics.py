"""/metrics read by Prometheus' own parser (prometheus_client), with the bearer token."""

from prometheus_client.parser import text_string_to_metric_families

from conftest import wait_until


def families(web):
    response = web.get("/metrics", headers={"Authorization": f"Bearer {web.token}"})
    assert response.status == 200
    assert response.headers.get("Content-Type", "").startswith("text/plain; version=0.0.4")
    return {family.name: family for family in text_string_to_metric_families(response.body)}


def value(family, **labels):
    for sample in family.samples:
        if sample.name in (family.name, family.name + "_total") and \
                all(sample.labels.get(key) == wanted for key, wanted in labels.items()):
            return sample.value
    return None


def test_metrics_parse_and_follow_the_queue(cluster, web):
    work = cluster.workdir
    work.run("pause", check=True)
    for _ in range(3):
        work.run("enqueue", "--", "true", check=True)
    parsed = families(web)
    assert value(parsed["qctl_tasks_queued"], cluster="default") == 3
    assert value(parsed["qctl_queue_paused"], cluster="default") == 1
    assert value(parsed["qctl_workers"], cluster="default") == 2
    work.run("resume", check=True)
    wait_until(lambda: value(families(web)["qctl_tasks_succeeded"], cluster="default") == 3, 20,
               "the succeeded counter did not reach 3")
    parsed = families(web)
    assert value(parsed["qctl_tasks_queued"], cluster="default") == 0
    durations = parsed["qctl_task_duration_seconds"]
    counts = [sample.value for sample in durations.samples if sample.name == "qctl_task_duration_seconds_count"]
    assert counts == [3], durations.samples
