package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The deployment examples are checked as far as this machine allows: the
// Dockerfile by hadolint when it is installed and by its shape always, the
// systemd unit by systemd-analyze verify when present, the Kubernetes
// manifest by its probes and ports agreeing with what the binary serves.

func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	from := regexp.MustCompile(`(?m)^FROM `).FindAllString(df, -1)
	for _, want := range []string{"CGO_ENABLED=0", "USER 65532:65532", "HEALTHCHECK", `"healthcheck"`, "RECRUITBOT_HTTP_ADDR=:8080", "distroless/static", "STOPSIGNAL SIGTERM"} {
		if !strings.Contains(df, want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
	if len(from) != 2 {
		t.Errorf("%d stages, want a build stage and a runtime stage", len(from))
	}
	if _, _, code := runMain(t, "", "healthcheck", "--help"); code != 0 {
		t.Error("the HEALTHCHECK's command does not exist")
	}
	if hadolint, err := exec.LookPath("hadolint"); err == nil {
		out, err := exec.Command(hadolint, "Dockerfile").CombinedOutput()
		if err != nil {
			t.Errorf("hadolint: %v\n%s", err, out)
		}
	} else {
		t.Log("hadolint not installed; the Dockerfile was checked by shape only")
	}
}

func TestSystemdUnit(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	unit, err := os.ReadFile("deploy/systemd/recruitbot.service")
	if err != nil {
		t.Fatal(err)
	}
	// verify wants ExecStart's binary to exist; any executable will do.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "recruitbot.service")
	os.WriteFile(p, bytes.ReplaceAll(unit, []byte("/usr/local/bin/recruitbot"), []byte(self)), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, analyze, "verify", p).CombinedOutput(); err != nil {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	for _, want := range []string{"RestartPreventExitStatus=2 78", "TimeoutStopSec=30", "KillSignal=SIGTERM"} {
		if !bytes.Contains(unit, []byte(want)) {
			t.Errorf("unit lacks %s", want)
		}
	}
}

func TestKubernetesExample(t *testing.T) {
	f, err := os.Open("deploy/kubernetes/recruitbot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var kinds []string
	for {
		var doc struct {
			Kind string
			Spec struct {
				Template struct {
					Spec struct {
						TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
						Containers                    []struct {
							Args  []string
							Env   []struct{ Name, Value string }
							Ports []struct {
								ContainerPort int `yaml:"containerPort"`
							}
						}
					}
				}
			}
		}
		if err := dec.Decode(&doc); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, doc.Kind)
		if doc.Kind != "Deployment" {
			continue
		}
		spec := doc.Spec.Template.Spec
		if spec.TerminationGracePeriodSeconds <= 25 {
			t.Errorf("terminationGracePeriodSeconds %d must exceed the 25 s shutdown grace", spec.TerminationGracePeriodSeconds)
		}
		c := spec.Containers[0]
		if len(c.Ports) != 1 || c.Ports[0].ContainerPort != 8080 {
			t.Errorf("ports %+v, want 8080", c.Ports)
		}
		// The args must be a command line the binary accepts.
		if _, stderr, code := runMain(t, "", append(c.Args, "--help")...); code != 0 {
			t.Errorf("args %q: exit %d %s", c.Args, code, stderr)
		}
	}
	if strings.Join(kinds, ",") != "Deployment,Service" {
		t.Errorf("kinds %v", kinds)
	}
	b, _ := os.ReadFile("deploy/kubernetes/recruitbot.yaml")
	for _, want := range []string{"path: /healthz", "path: /readyz", "configMap:", "runAsNonRoot: true"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("manifest lacks %s", want)
		}
	}
}
