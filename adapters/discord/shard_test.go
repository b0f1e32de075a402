package discord

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestShardConfig(t *testing.T) {
	env := map[string]string{"DISCORD_BOT_TOKEN": "t", "DISCORD_SHARD_ID": "1", "DISCORD_SHARD_COUNT": "2"}
	var c Config
	c.FromEnv(func(k string) string { return env[k] })
	if c.ShardID != 1 || c.ShardCount != 2 || c.Validate() != nil {
		t.Errorf("from the environment: shard %d of %d, %v", c.ShardID, c.ShardCount, c.Validate())
	}
	for _, bad := range []Config{
		{Token: "t", ShardID: 2, ShardCount: 2},
		{Token: "t", ShardID: 1},
		{Token: "t", ShardID: -1, ShardCount: 2},
		{Token: "t", ShardCount: -1},
	} {
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "shard_id") {
			t.Errorf("shard %d of %d: %v, want an error naming shard_id", bad.ShardID, bad.ShardCount, err)
		}
	}
	env["DISCORD_SHARD_ID"] = "one"
	c.FromEnv(func(k string) string { return env[k] })
	if c.Validate() == nil {
		t.Error("DISCORD_SHARD_ID=one accepted")
	}
}

// TestShardIdentify: a sharded replica tells the gateway which shard it is.
func TestShardIdentify(t *testing.T) {
	h := start(t, Config{ShardID: 1, ShardCount: 2}, testBot)
	h.Lock()
	raw := h.Conns[0].Identify
	h.Unlock()
	var id struct {
		Shard *[2]int `json:"shard"`
	}
	if err := json.Unmarshal(raw, &id); err != nil {
		t.Fatal(err)
	}
	if id.Shard == nil || *id.Shard != [2]int{1, 2} {
		t.Errorf("IDENTIFY shard = %v, want [1 2]", id.Shard)
	}
}
