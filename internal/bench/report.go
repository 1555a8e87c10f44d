package bench

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smsops/terraform-provider-huaweicloud/internal/smstask"
)

// Markdown renders the report. With a baseline, every measured number gets
// the baseline's value and the change next to it.
func (r *Report) Markdown(base *Report) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# Benchmarks\n\n")
	p("Written by `make bench` (`go run ./cmd/bench`); do not edit by hand. The same numbers, machine-readable, are in the JSON file written with it (default `bench/results.json`).\n\n")
	p("Every scenario runs the real terraform binary against the fake cloud (`internal/fakecloud`) in the harness process, ")
	p("with **%s of latency added to every API call**, and the provider loaded through `dev_overrides` (no `terraform init`). ", fmtMS(r.LatencyMS))
	p("API calls are counted by the fake per route. Peak RSS is `ru_maxrss` of the terraform process, which on Linux also covers ")
	p("the children it reaped, so it is the larger of terraform and the provider plugin (not their sum). ")
	p("Benchmarks are not tests: `make test` asserts no timing; the targets below are only reported. ")
	p("The machine is shared, so wall times vary from run to run (tens of percent for the long phases); API call counts do not. ")
	p("Compare runs from the same machine, e.g. `make bench BENCH_BASELINE=bench/results.json`.\n\n")
	if r.Note != "" {
		p("**About this run:** %s\n\n", r.Note)
	}

	p("| | this run |")
	if base != nil {
		p(" baseline |")
	}
	p("\n|---|---|")
	if base != nil {
		p("---|")
	}
	p("\n")
	row := func(name, cur, old string) {
		p("| %s | %s |", name, cur)
		if base != nil {
			p(" %s |", old)
		}
		p("\n")
	}
	bv := func(f func(*Report) string) string {
		if base == nil {
			return ""
		}
		return f(base)
	}
	row("date", r.Date, bv(func(x *Report) string { return x.Date }))
	row("git commit", "`"+r.Commit+"`", bv(func(x *Report) string { return "`" + x.Commit + "`" }))
	row("terraform", r.Terraform, bv(func(x *Report) string { return x.Terraform }))
	row("go", r.GoVersion, bv(func(x *Report) string { return x.GoVersion }))
	machineStr := func(m Machine) string {
		return fmt.Sprintf("%s/%s, %s, %d cores, %s RAM", m.OS, m.Arch, m.CPU, m.Cores, m.MemTotal)
	}
	row("machine", machineStr(r.Machine), bv(func(x *Report) string { return machineStr(x.Machine) }))
	row("API latency", fmtMS(r.LatencyMS), bv(func(x *Report) string { return fmtMS(x.LatencyMS) }))
	row("harness wall time", fmt.Sprintf("%.0fs", r.TotalWallS), bv(func(x *Report) string { return fmt.Sprintf("%.0fs", x.TotalWallS) }))
	p("\n")

	p("## Targets\n\n| scenario | target | wanted | measured | met |")
	if base != nil {
		p(" baseline |")
	}
	p("\n|---|---|---|---|---|")
	if base != nil {
		p("---|")
	}
	p("\n")
	for _, s := range r.Scenarios {
		old := base.scenario(s.ID)
		if s.Skipped != "" || s.Error != "" {
			p("| %s | | | %s | %s |", s.ID, firstLine(s.Skipped+s.Error), map[bool]string{true: "skipped", false: "**error**"}[s.Skipped != ""])
			if base != nil {
				p(" |")
			}
			p("\n")
			continue
		}
		for _, t := range s.Targets {
			p("| %s | %s | %s | %s | %s |", s.ID, t.Name, t.Want, t.Measured, yesNo(t.Met))
			if base != nil {
				p(" %s |", oldTarget(old, t.Name))
			}
			p("\n")
		}
	}
	p("\n")

	p("## Provider binary size\n\n| build | flags | size |")
	if base != nil {
		p(" baseline | change |")
	}
	p("\n|---|---|---|")
	if base != nil {
		p("---|---|")
	}
	p("\n")
	for _, bin := range r.Binaries {
		p("| %s | `%s` | %s |", bin.Build, strings.TrimSpace("go build "+bin.Flags), fmtBytes(bin.Bytes))
		if base != nil {
			var old int64
			for _, ob := range base.Binaries {
				if ob.Build == bin.Build {
					old = ob.Bytes
				}
			}
			p(" %s | %s |", fmtBytes(old), change(float64(old), float64(bin.Bytes)))
		}
		p("\n")
	}
	p("\n")

	for i, s := range r.Scenarios {
		p("## %d. %s: %s\n\n", i+1, s.ID, s.Title)
		if s.Setup != "" {
			p("%s\n\n", s.Setup)
		}
		if s.Measured != "" {
			p("*Not measured again in this run: %s.*\n\n", s.Measured)
		}
		if s.Skipped != "" {
			p("Skipped: %s.\n\n", s.Skipped)
			continue
		}
		if s.Error != "" {
			p("**Failed:**\n\n```\n%s\n```\n\n", strings.TrimSpace(s.Error))
		}
		if len(s.Phases) == 0 {
			continue
		}
		old := base.scenario(s.ID)
		if old != nil && old.Title != s.Title {
			p("Note: the baseline ran \"%s\", so its numbers are not directly comparable.\n\n", old.Title)
		}
		p("| phase | command | wall time | API calls | peak RSS |")
		if base != nil {
			p(" baseline wall | change | baseline calls |")
		}
		p("\n|---|---|---|---|---|")
		if base != nil {
			p("---|---|---|")
		}
		p("\n")
		for _, ph := range s.Phases {
			p("| %s | `%s` | %.2fs | %d | %s |", ph.Name, ph.Command, ph.WallS, ph.Calls, fmtKiB(ph.PeakRSSKiB))
			if base != nil {
				if op := old.phase(ph.Name); op != nil {
					p(" %.2fs | %s | %d |", op.WallS, change(op.WallS, ph.WallS), op.Calls)
				} else {
					p(" – | – | – |")
				}
			}
			p("\n")
		}
		p("\n")
		renderRoutes(&b, s, old)
		if w := s.Wait; w != nil {
			p("Wait for operation `%s`: the fake reached the target %.2fs after the operation call was answered. ", w.Operation, w.WaitS)
			p("The first GET that saw it ended %.2fs later; terraform printed \"Creation complete\" %.2fs after the target state. ", w.ObservedDelayS, w.ReturnDelayS)
			p("At that point of the wait the provider polls every %.1fs, so another run may see up to that much delay. ", w.PollIntervalS)
			p("GET /v3/tasks/{task_id} per minute of waiting: %s (last minute %.0fs long). Handler time per GET: mean %.1f ms, max %.1f ms (latency included).\n\n",
				joinInts(w.GetsPerMinute), w.LastMinuteS, w.GetMeanMS, w.GetMaxMS)
			if old != nil && old.Wait != nil {
				p("Baseline: wait %.2fs, return delay %.2fs, GETs per minute %s.\n\n", old.Wait.WaitS, old.Wait.ReturnDelayS, joinInts(old.Wait.GetsPerMinute))
			}
		}
		for _, n := range s.Notes {
			p("- %s\n", n)
		}
		if len(s.Notes) > 0 {
			p("\n")
		}
		if why := explainDestroy(s); why != "" {
			p("%s\n\n", why)
		}
		if why := explainApply(s, r.LatencyMS); why != "" {
			p("%s\n\n", why)
		}
	}
	return b.String()
}

// explainDestroy says, from the measurements, why a per-resource destroy
// takes longer than the batch resource when it does: Terraform hands the
// provider at most -parallelism deletes at a time, so the deletes go in
// rounds, each at least one batch call and one listing long, plus the time
// Terraform takes to record the finished ones and start the next.
// explainApply says why the create wall-time target of task-destroy was
// missed, from what the run measured.
func explainApply(s ScenarioResult, latencyMS float64) string {
	if s.ID != "task-destroy" {
		return ""
	}
	missed := false
	for _, t := range s.Targets {
		missed = missed || (!t.Met && strings.HasPrefix(t.Name, "apply: "))
	}
	var a *Phase
	for i := range s.Phases {
		if s.Phases[i].Name == "apply" {
			a = &s.Phases[i]
		}
	}
	if !missed || a == nil {
		return ""
	}
	creates := a.Routes["POST /v3/tasks"]
	pages, byID := a.Routes["GET /v3/tasks"], a.Routes["GET /v3/tasks/{task_id}"]
	if creates == 0 || pages == 0 {
		return ""
	}
	shared := creates - byID
	return fmt.Sprintf("Why the apply targets are missed: source look-ups took %d reads by ID and %d listing pages (a listing serves "+
		"look-ups once at least %d start within %s and it costs at most half as many pages; a slow hand-over spreads them out). A create is at least two API round trips one after the other, the POST and then "+
		"its read (%.0f ms at this latency), and the read of a create that runs next to others waits for them so that one listing page serves "+
		"them all: %d of the %d creates were read from %d listing pages (%.1f per page), %d by ID. Terraform hands over at most -parallelism "+
		"creates and starts the next only after recording finished ones, so the rounds follow each other: %.0f ms per create in all, against "+
		"terraform alone's floor above. What it would take: a machine that hands creates over faster, or a higher -parallelism (more creates "+
		"per round and per page); the POSTs themselves cannot be batched (CreateTask takes one task).",
		a.Routes["GET /v3/sources/{source_id}"], a.Routes["GET /v3/sources"], smstask.ReadBatchMin, smstask.ReadWindow,
		2*latencyMS, shared, creates, pages, float64(shared)/float64(pages), byID, 1000*a.WallS/float64(creates))
}

func explainDestroy(s ScenarioResult) string {
	if s.ID != "task-destroy" {
		return ""
	}
	var missed bool
	for _, t := range s.Targets {
		missed = missed || (!t.Met && strings.HasPrefix(t.Name, "destroy: wall"))
	}
	var d *Phase
	for i := range s.Phases {
		if s.Phases[i].Name == "destroy" {
			d = &s.Phases[i]
		}
	}
	rounds := int64(0)
	if d != nil {
		rounds = d.Routes["POST /v3/tasks/delete"]
	}
	if !missed || rounds == 0 {
		return ""
	}
	return fmt.Sprintf("Why the destroy wall-time target is missed: Terraform gives the provider at most -parallelism deletes at a time and starts the next one "+
		"only after recording a finished one, so the deletes went out in %d batch calls (%.1f tasks each), one round after the other, %.0f ms per round "+
		"(each round: up to the batch window gathering the deletes Terraform hands over, one POST /v3/tasks/delete, then each task read by ID "+
		"until its 404, ten at a time: at least 3 x the API latency, plus Terraform recording the finished resources and starting the next ones; "+
		"see the terraform-alone floor above). The batch resource sends its 50-id chunks back to back in one resource. "+
		"What it would take: a higher -parallelism (batches of up to 50, so a fifth of the rounds), or the batch resource for bulk cleanups; "+
		"below the resources nothing can batch more than Terraform has handed over at once.",
		rounds, float64(countTasks(s))/float64(rounds), 1000*d.WallS/float64(rounds))
}

// countTasks reads the task count from the scenario title ("... of N huaweicloud_sms_task ...").
func countTasks(s ScenarioResult) int {
	var n, p int
	if _, err := fmt.Sscanf(s.Title, "apply (create) + destroy -parallelism=%d of %d", &p, &n); err != nil {
		return 0
	}
	return n
}

// renderRoutes writes the calls-by-route table: one row per route, one
// column per phase (and the baseline's numbers in parentheses).
func renderRoutes(b *strings.Builder, s ScenarioResult, old *ScenarioResult) {
	routes := map[string]bool{}
	for _, ph := range s.Phases {
		for k := range ph.Routes {
			routes[k] = true
		}
	}
	if old != nil {
		for _, ph := range old.Phases {
			for k := range ph.Routes {
				routes[k] = true
			}
		}
	}
	if len(routes) == 0 {
		return
	}
	keys := make([]string, 0, len(routes))
	for k := range routes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Fprintf(b, "| API calls by route |")
	for _, ph := range s.Phases {
		fmt.Fprintf(b, " %s |", ph.Name)
	}
	fmt.Fprintf(b, "\n|---|%s\n", strings.Repeat("---:|", len(s.Phases)))
	for _, k := range keys {
		fmt.Fprintf(b, "| `%s` |", k)
		for _, ph := range s.Phases {
			cell := fmt.Sprint(ph.Routes[k])
			if old != nil {
				if op := old.phase(ph.Name); op != nil && op.Routes[k] != ph.Routes[k] {
					cell += fmt.Sprintf(" (was %d)", op.Routes[k])
				}
			}
			fmt.Fprintf(b, " %s |", cell)
		}
		fmt.Fprintln(b)
	}
	fmt.Fprintln(b)
}

func oldTarget(s *ScenarioResult, name string) string {
	if s == nil {
		return "–"
	}
	if s.Skipped != "" {
		return "skipped"
	}
	for _, t := range s.Targets {
		if t.Name == name {
			return t.Measured + " " + yesNo(t.Met)
		}
	}
	return "–"
}

func yesNo(met bool) string {
	if met {
		return "yes"
	}
	return "**no**"
}

// change is the relative change from old to cur, "–" without an old value.
func change(old, cur float64) string {
	if old == 0 {
		return "–"
	}
	return fmt.Sprintf("%+.1f%%", (cur-old)/old*100)
}

func fmtKiB(k int64) string {
	if k <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(k)/1024)
}

func fmtBytes(n int64) string {
	if n <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f MiB (%d bytes)", float64(n)/(1<<20), n)
}

func fmtMS(ms float64) string { return fmt.Sprintf("%g ms", ms) }

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.ReplaceAll(l, "|", "\\|")
}
