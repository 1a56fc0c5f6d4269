/* Written by the agent for each node; a copy for building without one. */
#define ENABLE_IPV4 1
#define POLICY_MAP_SIZE 16384
