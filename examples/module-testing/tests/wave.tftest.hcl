# `terraform test` of the wave module against the fake cloud. Before it runs,
# the fake is seeded through its control API with the source servers web-01
# and db-01, a disconnected source legacy-01, and a running task of another
# team (see docs/guides/testing-modules.md). Credentials come from
# HW_REGION_NAME, HW_ACCESS_KEY and HW_SECRET_KEY; the fake listens on the
# endpoint below (fakecloud -listen 127.0.0.1:8089).

provider "huaweicloud" {
  endpoints {
    sms = "http://127.0.0.1:8089"
    dcs = "http://127.0.0.1:8089"
    iam = "http://127.0.0.1:8089"
  }
}

variables {
  wave         = "wave1"
  source_names = ["web-01", "db-01"]
}

run "one_task_per_source" {
  command = plan

  assert {
    condition     = length(huaweicloud_sms_task.this) == 2
    error_message = "The wave should plan one task per source server."
  }
  assert {
    condition     = huaweicloud_sms_task.this["web-01"].name == "wave1-web-01"
    error_message = "Tasks should be named <wave>-<source>."
  }
}

run "migrate" {
  assert {
    condition     = alltrue([for a in huaweicloud_sms_task_action.start : a.task_state == "RUNNING"])
    error_message = "Every task of the wave should be running after the apply."
  }
  assert {
    condition     = keys(output.task_ids) == ["db-01", "web-01"]
    error_message = "task_ids should have one entry per source server."
  }
}

run "cloud_state" {
  module {
    source = "./tests/check"
  }

  assert {
    condition     = output.wave_tasks == tolist(["wave1-db-01", "wave1-web-01"])
    error_message = "The cloud should hold the wave's two running tasks."
  }
  assert {
    condition     = output.other_running_tasks == tolist(["other-team-app-01"])
    error_message = "The other team's running task should be left as it was."
  }
}

run "disconnected_source_is_refused" {
  command = plan

  variables {
    wave         = "wave2"
    source_names = ["legacy-01"]
  }

  expect_failures = [huaweicloud_sms_task.this]
}
