package main

import (
	"strings"
	"testing"
)

// What terraform plan -no-color prints with dev_overrides, shortened: the
// overrides warning, the refresh, the actions, the summary, the outputs and
// a warning of the plan, then the saved plan's trailer.
const planOutput = `
Warning: Provider development overrides are in effect

The following provider development overrides are set in the CLI
configuration:
 - smsops/huaweicloud in /tmp/huaweicloud-demo.1/plugins

The behavior may therefore not match any released version of the provider and
applying changes may cause the state to become incompatible with published
releases.
data.huaweicloud_sms_source_server.web: Reading...

Terraform used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

Terraform will perform the following actions:

  # huaweicloud_sms_tasks_batch_delete.old_wave will be created
  + resource "huaweicloud_sms_tasks_batch_delete" "old_wave" {
      + deleted_ids  = [
          + "fa570000-0000-4000-8000-000000000001",
        ]
      + task_ids     = (write-only attribute)
    }

Plan: 1 to add, 0 to change, 0 to destroy.

Warning: SMS Tasks to Delete

  with huaweicloud_sms_tasks_batch_delete.old_wave,
  on main.tf line 78, in resource "huaweicloud_sms_tasks_batch_delete" "old_wave":
  78: resource "huaweicloud_sms_tasks_batch_delete" "old_wave" {

Applying this plan deletes 1 SMS migration task(s):
  fa570000-0000-4000-8000-000000000001  "seed-001"  READY

─────────────────────────────────────────────────────────────────────────────

Saved the plan to: demo.plan

To perform exactly these actions, run the following command to apply:
    terraform apply "demo.plan"
`

func TestPlanSection(t *testing.T) {
	got := planSection(planOutput)
	for _, want := range []string{
		"  # huaweicloud_sms_tasks_batch_delete.old_wave will be created\n",
		"        ]\n      + task_ids     = (write-only attribute)\n    }\n", // closing brackets and braces
		"Plan: 1 to add",
		"Warning: SMS Tasks to Delete",
		`  fa570000-0000-4000-8000-000000000001  "seed-001"  READY`, // what the batch deletes
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the plan section lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"smsops/huaweicloud in", "development overrides", "Reading...", "Saved the plan", "terraform apply", "───"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("the plan section shows %q:\n%s", unwanted, got)
		}
	}
	if strings.HasPrefix(got, "\n") || strings.HasSuffix(got, "\n\n") || strings.Contains(got, "\n\n\n") {
		t.Errorf("the plan section has stray blank lines:\n%q", got)
	}
}

func TestDestroySummary(t *testing.T) {
	out := `Terraform will perform the following actions:

  # huaweicloud_sms_task.web will be destroyed
  - resource "huaweicloud_sms_task" "web" {
      - id = "t-1" -> null
    }

Plan: 0 to add, 0 to change, 1 to destroy.
huaweicloud_sms_task.web: Destroying... [id=t-1]
huaweicloud_sms_task.web: Destruction complete after 2s

Warning: SMS Source Server Leaves SMS

  with huaweicloud_sms_source_server.web,

Destroying removes source server s-1 (web-01-wave1) from SMS.

Destroy complete! Resources: 1 destroyed.
`
	want := `  # huaweicloud_sms_task.web will be destroyed
Plan: 0 to add, 0 to change, 1 to destroy.
huaweicloud_sms_task.web: Destroying... [id=t-1]
huaweicloud_sms_task.web: Destruction complete after 2s
Warning: SMS Source Server Leaves SMS

  with huaweicloud_sms_source_server.web,

Destroying removes source server s-1 (web-01-wave1) from SMS.

Destroy complete! Resources: 1 destroyed.
`
	if got := destroySummary(out); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
