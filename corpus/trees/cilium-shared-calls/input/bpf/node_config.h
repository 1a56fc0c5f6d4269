/* Generated per node by the agent; a default for builds without one. */
#define CALLS_MAP cilium_calls
#define POLICY_CALL_MAP cilium_call_policy
#define ENABLE_IPV4 1
#define ENABLE_NODEPORT 1
#define ENABLE_ERROR_NOTIFY 1
