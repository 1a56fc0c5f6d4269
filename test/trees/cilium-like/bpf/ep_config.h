/* Written by the agent for each endpoint. */
#define LXC_ID 2748
#define POLICY_MAP cilium_policy_02748
#define CALLS_MAP cilium_calls_02748
