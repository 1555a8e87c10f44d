package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/smsops/terraform-provider-huaweicloud/internal/fakecloud"
	"github.com/smsops/terraform-provider-huaweicloud/internal/sms"
)

const smsTaskAddr = "huaweicloud_sms_task.this"

// countCalls checks the requests per route since the last ResetStats: every
// route in want exactly, and no other route at all.
func (c *testCloud) countCalls(want map[string]int64) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		got := c.Stats().Routes
		for route, n := range want {
			if got[route] != n {
				return fmt.Errorf("%d calls of %s, want %d (all calls: %v)", got[route], route, n, got)
			}
		}
		for route, n := range got {
			if _, expected := want[route]; !expected && n > 0 {
				return fmt.Errorf("%d unexpected calls of %s (all calls: %v)", n, route, got)
			}
		}
		return nil
	}
}

// configWithProject is config with the project id given, so that no IAM
// discovery call mixes into the counts.
func (c *testCloud) configWithProject(body string) string {
	return strings.Replace(c.providerBlock(), "max_retries = 5", fmt.Sprintf("max_retries = 5\n  project_id  = %q", c.ProjectID()), 1) + body
}

// The create-time options reach CreateTask, are kept as configured (ShowTask
// does not return them), and changing one replaces the task.
func TestAccSMSTask_createOptions(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "opts-01"})
	options := `  need_migration_test       = true
  start_network_check       = true
  is_need_consistency_check = true
  over_speed_threshold      = 20
`
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []tfresource.TestStep{
			{
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "opts-01-task", options)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("need_migration_test"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("start_network_check"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("is_need_consistency_check"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("over_speed_threshold"), knownvalue.Float64Exact(20)),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("auto_start"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("state"), knownvalue.StringExact("READY")),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					captureID(smsTaskAddr, &id),
					func(*terraform.State) error {
						v, ok := c.Task(id)
						if !ok || !v.NeedMigrationTest || !v.ConsistencyCheck || v.OverSpeedThreshold == nil || *v.OverSpeedThreshold != 20 {
							return fmt.Errorf("cloud holds %+v, want the create-time options set", v)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      smsTaskAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// Not returned by ShowTask: an import records the defaults.
				ImportStateVerifyIgnore: []string{"stop_on_destroy", "timeouts", "start_network_check", "is_need_consistency_check", "over_speed_threshold"},
			},
			{
				// auto_start cannot be changed by UpdateTask: the task is
				// replaced, and the new one's start is queued for the agent
				// (the fake's default auto-start reading: the official
				// provider's test reads such a task back READY).
				Config: c.config(testAccSMSTaskConfig_basic(src.ID, "opts-01-task", options+"  auto_start = true\n")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(smsTaskAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("auto_start"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					tasks := c.Tasks()
					if len(tasks) != 1 || tasks[0].ID == id {
						return fmt.Errorf("cloud holds %+v, want one new task replacing %s", tasks, id)
					}
					if src, _ := c.Source(src.ID); src.Command != "START" {
						return fmt.Errorf("the source's queued command is %q, want START (auto_start)", src.Command)
					}
					return nil
				},
			},
		},
	})
}

// speed_limit_schedule and configurations go through their own endpoints,
// are read back only while set, follow drift, and are removed when removed
// from the configuration.
func TestAccSMSTask_settings(t *testing.T) {
	// Default readings: the sources' speed-limit rules, an empty
	// config_value stored as it is.
	testAccSMSTaskSettings(t, func(*fakecloud.Options) {})
}

// The other readings: the fake's strict speed-limit rules, an empty
// config_value removing the key. The Terraform side is the same.
func TestAccSMSTask_settingsOtherReadings(t *testing.T) {
	testAccSMSTaskSettings(t, func(o *fakecloud.Options) { o.StrictSpeedLimits, o.EmptyConfigValueRemoves = true, true })
}

func testAccSMSTaskSettings(t *testing.T, readings func(*fakecloud.Options)) {
	c := newTestCloud(t, readings)
	var chosen fakecloud.Options
	readings(&chosen)
	// cleared is what the cloud holds for keys cleared by the provider.
	cleared := func(configs map[string]string, keys ...string) map[string]string {
		if !chosen.EmptyConfigValueRemoves {
			for _, k := range keys {
				configs[k] = ""
			}
		}
		return configs
	}
	src := c.SeedSource(fakecloud.SourceSpec{Name: "settings-01"})
	two := `  speed_limit_schedule = [
    { start = "00:00", end = "08:00", speed = 500, over_speed_threshold = 10 },
    { start = "20:00", end = "23:59", speed = 300 },
  ]
  configurations = {
    MIGRATE_EXCLUDE_DIR = "/tmp,/var/cache"
    NUM_PROCESS_MIGRATE = "4"
  }
`
	three := `  speed_limit_schedule = [
    { start = "00:00", end = "06:00", speed = 800 },
    { start = "06:00", end = "18:00", speed = 100 },
    { start = "18:00", end = "23:59", speed = 400 },
  ]
  configurations = {
    MIGRATE_EXCLUDE_DIR = "/tmp"
  }
`
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []tfresource.TestStep{
			{
				PreConfig: c.ResetStats,
				Config:    c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "settings-01-task", two)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("speed_limit_schedule"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"start": knownvalue.StringExact("00:00"), "end": knownvalue.StringExact("08:00"),
							"speed": knownvalue.Int64Exact(500), "over_speed_threshold": knownvalue.Float64Exact(10)}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"start": knownvalue.StringExact("20:00"), "end": knownvalue.StringExact("23:59"),
							"speed": knownvalue.Int64Exact(300), "over_speed_threshold": knownvalue.Null()}),
					})),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("configurations"), knownvalue.MapExact(map[string]knownvalue.Check{
						"MIGRATE_EXCLUDE_DIR": knownvalue.StringExact("/tmp,/var/cache"), "NUM_PROCESS_MIGRATE": knownvalue.StringExact("4"),
					})),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					captureID(smsTaskAddr, &id),
					func(*terraform.State) error {
						return c.expectSettings(id, []string{"00:00-08:00@500", "20:00-23:59@300"},
							map[string]string{"MIGRATE_EXCLUDE_DIR": "/tmp,/var/cache", "NUM_PROCESS_MIGRATE": "4"})
					},
					func(*terraform.State) error {
						st := c.Stats().Routes
						if st[fakecloud.RouteUpdateSpeedLimits] != 1 || st[fakecloud.RouteUpdateConfigSetting] != 1 {
							return fmt.Errorf("want one POST to each settings endpoint, got %v", st)
						}
						return nil
					},
				),
			},
			{
				// With both set, a refresh reads the task and both settings.
				PreConfig:    c.ResetStats,
				RefreshState: true,
				Check: c.countCalls(map[string]int64{
					fakecloud.RouteShowTask: 1, fakecloud.RouteShowSpeedLimits: 1, fakecloud.RouteShowConfigSetting: 1,
				}),
			},
			{
				// Someone changes the schedule and a managed setting in the
				// console: the refresh sees it and the plan puts them back.
				PreConfig: func() {
					api, err := c.apiClient()
					if err == nil {
						speed := 1
						err = api.UpdateSpeedLimits(context.Background(), id, []sms.SpeedLimitPeriod{{Start: "01:00", End: "02:00", Speed: &speed}})
					}
					if err == nil {
						err = api.UpdateConfigurations(context.Background(), id, []sms.ConfigItem{{ConfigKey: "NUM_PROCESS_MIGRATE", ConfigValue: "8"}})
					}
					if err != nil {
						t.Fatalf("changing the settings behind Terraform's back: %v", err)
					}
				},
				Config: c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "settings-01-task", two)),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(smsTaskAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					return c.expectSettings(id, []string{"00:00-08:00@500", "20:00-23:59@300"},
						map[string]string{"MIGRATE_EXCLUDE_DIR": "/tmp,/var/cache", "NUM_PROCESS_MIGRATE": "4"})
				},
			},
			{
				// Changing them updates in place without UpdateTask; a
				// configuration left out is removed from the task.
				PreConfig: c.ResetStats,
				Config:    c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "settings-01-task", three)),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(smsTaskAddr, plancheck.ResourceActionUpdate),
				}},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						return c.expectSettings(id, []string{"00:00-06:00@800", "06:00-18:00@100", "18:00-23:59@400"},
							cleared(map[string]string{"MIGRATE_EXCLUDE_DIR": "/tmp"}, "NUM_PROCESS_MIGRATE"))
					},
					func(*terraform.State) error {
						if n := c.Stats().Routes[fakecloud.RouteUpdateTask]; n != 0 {
							return fmt.Errorf("%d UpdateTask calls for a settings change, want 0", n)
						}
						return nil
					},
				),
			},
			{
				// Removing both clears them on the task.
				Config: c.configWithProject(testAccSMSTaskConfig_basic(src.ID, "settings-01-task", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("speed_limit_schedule"), knownvalue.Null()),
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("configurations"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					return c.expectSettings(id, nil, cleared(map[string]string{}, "MIGRATE_EXCLUDE_DIR", "NUM_PROCESS_MIGRATE"))
				},
			},
			{
				// Without them, a refresh is exactly one call: GET /v3/tasks/{id}.
				PreConfig:    c.ResetStats,
				RefreshState: true,
				Check:        c.countCalls(map[string]int64{fakecloud.RouteShowTask: 1}),
			},
		},
	})
}

// expectSettings compares the task's schedule ("HH:MM-HH:MM@speed" each) and
// configurations in the cloud with want.
func (c *testCloud) expectSettings(id string, periods []string, configs map[string]string) error {
	v, ok := c.Task(id)
	if !ok {
		return fmt.Errorf("task %s is gone", id)
	}
	got := make([]string, 0, len(v.SpeedLimits))
	for _, p := range v.SpeedLimits {
		speed := -1
		if p.Speed != nil {
			speed = *p.Speed
		}
		got = append(got, fmt.Sprintf("%s-%s@%d", p.Start, p.End, speed))
	}
	if fmt.Sprint(got) != fmt.Sprint(append([]string{}, periods...)) || !maps.Equal(v.Configurations, configs) {
		return fmt.Errorf("cloud holds schedule %v and configurations %v, want %v and %v", got, v.Configurations, periods, configs)
	}
	return nil
}

// Physical volumes of the target disks reach CreateTask, are recorded, and
// are sent again when the disks change.
func TestAccSMSTask_physicalVolumes(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "pv-01"})
	disks := func(size string) string {
		return fmt.Sprintf(`
resource "huaweicloud_sms_task" "this" {
  name             = "pv-01-task"
  type             = "MIGRATE_FILE"
  os_type          = "LINUX"
  source_server_id = %q
  target_server = {
    name = "pv-01-target"
    disks = [{
      name       = "/dev/vda"
      device_use = "BOOT"
      size       = %s
      physical_volumes = [
        { name = "/dev/vda1", device_use = "OS", file_system = "ext4", mount_point = "/", index = 0, size = 32212254720, uuid = "2f6e7c1a-1111-4000-8000-000000000001" },
        { name = "/dev/vda2", device_use = "NORMAL", file_system = "xfs", mount_point = "/data", index = 1, size = 10737418240 },
      ]
    }]
  }
}
`, src.ID, size)
	}
	volumesInCloud := func(id string, want int) error {
		api, err := c.apiClient()
		if err != nil {
			return err
		}
		task, err := api.ShowTask(context.Background(), id)
		if err != nil {
			return err
		}
		if len(task.TargetServer.Disks) != 1 || len(task.TargetServer.Disks[0].PhysicalVolumes) != want ||
			task.TargetServer.Disks[0].PhysicalVolumes[0].MountPoint != "/" {
			return fmt.Errorf("cloud holds disks %+v, want one disk with %d volumes", task.TargetServer.Disks, want)
		}
		return nil
	}
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []tfresource.TestStep{
			{
				Config: c.config(disks("42949672960")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(smsTaskAddr, tfjsonpath.New("target_server").AtMapKey("disks").AtSliceIndex(0).AtMapKey("physical_volumes"),
						knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("/dev/vda1"), "mount_point": knownvalue.StringExact("/"),
								"uuid": knownvalue.StringExact("2f6e7c1a-1111-4000-8000-000000000001"), "used_size": knownvalue.Int64Exact(0)}),
							knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("/dev/vda2"), "uuid": knownvalue.Null()}),
						})),
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(
					captureID(smsTaskAddr, &id),
					func(*terraform.State) error { return volumesInCloud(id, 2) },
				),
			},
			{
				// A bigger disk changes in place, and its partitions go along.
				Config: c.config(disks("53687091200")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(smsTaskAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error { return volumesInCloud(id, 2) },
			},
			{
				ResourceName:            smsTaskAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"stop_on_destroy", "timeouts"},
			},
		},
	})
}

// Every documented limit of the new arguments is refused at plan time,
// before any call.
func TestAccSMSTask_optionsInvalid(t *testing.T) {
	c := newTestCloud(t)
	period := func(start, end string, speed int) string {
		return fmt.Sprintf(`{ start = %q, end = %q, speed = %d }`, start, end, speed)
	}
	cases := []struct{ extra, want string }{
		{"  over_speed_threshold = 100.5", `over_speed_threshold must be a percentage from 0 to 100, got 100.5\.`},
		{"  over_speed_threshold = -1", `over_speed_threshold must be a percentage from 0 to 100, got -1\.`},
		{fmt.Sprintf("  speed_limit_schedule = [%s, %s, %s, %s, %s, %s]", period("00:00", "01:00", 1), period("01:00", "02:00", 1),
			period("02:00", "03:00", 1), period("03:00", "04:00", 1), period("04:00", "05:00", 1), period("05:00", "06:00", 1)),
			`(?s)speed_limit_schedule.*at\s+most\s+5`},
		{"  speed_limit_schedule = [" + period("24:00", "24:30", 1) + "]", `(?s)speed_limit_schedule\[0\]: start must be a time of day\s+written HH:MM`},
		{"  speed_limit_schedule = [" + period("8:00", "09:00", 1) + "]", `(?s)speed_limit_schedule\[0\]: start must be a time of day\s+written HH:MM`},
		{"  speed_limit_schedule = [" + period("09:00", "08:00", 1) + "]", `must\s+start\s+before\s+it\s+ends`},
		{"  speed_limit_schedule = [" + period("08:00", "08:00", 1) + "]", `must\s+start\s+before\s+it\s+ends`},
		{"  speed_limit_schedule = [" + period("01:00", "05:00", 1) + ", " + period("04:00", "06:00", 1) + "]", `Overlapping\s+Speed\s+Limit\s+Periods`},
		{"  speed_limit_schedule = [" + period("01:00", "05:00", 1001) + "]", `(?s)speed_limit_schedule\[0\]: speed\s+must\s+be\s+from\s+0\s+to\s+1000\s+Mbit/s,\s+got\s+1001\.`},
		{"  speed_limit_schedule = [" + period("01:00", "05:00", -1) + "]", `(?s)speed_limit_schedule\[0\]: speed\s+must\s+be\s+from\s+0\s+to\s+1000\s+Mbit/s,\s+got\s+-1\.`},
		{`  speed_limit_schedule = [{ start = "01:00", end = "02:00", speed = 1, over_speed_threshold = 101 }]`, `(?s)speed_limit_schedule\[0\]: over_speed_threshold must be a\s+percentage\s+from\s+0\s+to\s+100,\s+got\s+101\.`},
		{`  configurations = { EXCLUDE_MIGRATE_PATH = "/tmp" }`, `(?s)configurations.*value\s+must\s+be\s+one\s+of`},
		{`  configurations = { MIGRATE_EXCLUDE_DIR = "" }`, `(?s)configurations.*at\s+least\s+1`},
	}
	steps := make([]tfresource.TestStep, 0, len(cases)+1)
	for _, tc := range cases {
		steps = append(steps, tfresource.TestStep{
			Config:      c.config(testAccSMSTaskConfig_basic("src-1", "ok", tc.extra)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(tc.want),
		})
	}
	steps = append(steps, tfresource.TestStep{
		Config: c.config(`
resource "huaweicloud_sms_task" "this" {
  name             = "ok"
  type             = "MIGRATE_BLOCK"
  os_type          = "LINUX"
  source_server_id = "src-1"
  target_server = {
    name  = "t"
    disks = [{ name = "/dev/vda", device_use = "BOOT", size = 1, physical_volumes = [{ name = "/dev/vda1", device_use = "SWAP", index = -1, size = 0 }] }]
  }
}
`),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)(device_use.*one\s+of|index.*at\s+least\s+0|size.*at\s+least\s+1).*(device_use.*one\s+of|index.*at\s+least\s+0|size.*at\s+least\s+1).*(device_use.*one\s+of|index.*at\s+least\s+0|size.*at\s+least\s+1)`),
	})
	tfresource.ParallelTest(t, tfresource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := c.Stats().Routes[fakecloud.RouteCreateTask]; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d CreateTask calls", n)
	}
}

// need_migration_test is what lets a task run operation migration_test: the
// drill runs on a task created with the option and is refused on one created
// without.
func TestAccSMSTask_optionEnablesDrill(t *testing.T) {
	c := newTestCloud(t, func(o *fakecloud.Options) {
		// After a drill the source is "premiged", which the allow-list
		// reading of the deletion gate never lets go (and stop does not
		// apply to a READY task); the deny-list reading lets destroy finish.
		o.DeleteGate = fakecloud.GateDenyList
	})
	drill := c.SeedSource(fakecloud.SourceSpec{Name: "drill-01"})
	plain := c.SeedSource(fakecloud.SourceSpec{Name: "plain-01"})
	withDrill := strings.Replace(testAccSMSTaskConfig_basic(drill.ID, "drill-01-task", "  need_migration_test = true\n"), `"this"`, `"drill"`, 1)
	without := strings.Replace(testAccSMSTaskConfig_basic(plain.ID, "plain-01-task", ""), `"this"`, `"plain"`, 1)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []tfresource.TestStep{
			{
				Config: c.config(withDrill + `
resource "huaweicloud_sms_task_action" "drill" {
  task_id   = huaweicloud_sms_task.drill.id
  operation = "migration_test"
}
`),
				Check: func(*terraform.State) error {
					for _, v := range c.Tasks() {
						if v.Name == "drill-01-task" && v.NeedMigrationTest && v.SourceState != "waiting" {
							return nil
						}
					}
					return fmt.Errorf("the drill did not run: %+v", c.Tasks())
				},
			},
			{
				Config: c.config(withDrill + without + `
resource "huaweicloud_sms_task_action" "plain" {
  task_id   = huaweicloud_sms_task.plain.id
  operation = "migration_test"
}
`),
				ExpectError: wrapped("not created with need_migration_test"),
			},
		},
	})
}

// When the service refuses a setting after creating the task, the task is
// kept (tainted) with what was set, and the next apply replaces it.
func TestAccSMSTask_settingsRefused(t *testing.T) {
	c := newTestCloud(t)
	src := c.SeedSource(fakecloud.SourceSpec{Name: "refused-01"})
	c.InjectFault(fakecloud.Fault{Route: fakecloud.RouteUpdateConfigSetting, Kind: fakecloud.FaultStatus, Status: 403, Count: 1})
	cfg := c.config(testAccSMSTaskConfig_basic(src.ID, "refused-01-task", `  speed_limit_schedule = [{ start = "00:00", end = "06:00", speed = 700 }]
  configurations       = { NUM_PROCESS_SYNC = "2" }
`))
	var first string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             c.checkNoTasks,
		Steps: []tfresource.TestStep{
			{
				Config:      cfg,
				ExpectError: wrapped("Setting the configurations of SMS migration task"),
			},
			{
				PreConfig: func() {
					tasks := c.Tasks()
					if len(tasks) != 1 || len(tasks[0].SpeedLimits) != 1 || len(tasks[0].Configurations) != 0 {
						t.Fatalf("after the refusal the cloud holds %+v, want one task with its schedule and no configurations", tasks)
					}
					first = tasks[0].ID
				},
				Config: cfg,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(smsTaskAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					tasks := c.Tasks()
					if len(tasks) != 1 || tasks[0].ID == first {
						return fmt.Errorf("cloud holds %+v, want one task replacing %s", tasks, first)
					}
					return c.expectSettings(tasks[0].ID, []string{"00:00-06:00@700"}, map[string]string{"NUM_PROCESS_SYNC": "2"})
				},
			},
		},
	})
}
