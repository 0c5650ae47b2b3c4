module cmd

go 1.19

require (
	github.com/google/pprof v0.0.0-20220729232143-a41b82acbcb1
	golang.org/x/arch v0.0.0-20220412001346-fc48f9fe4c15
	golang.org/x/mod v0.6.0-dev.0.20220419223038-86c51ed26bb4
	golang.org/x/sync v0.0.0-20220513210516-0976fa681c29
	golang.org/x/sys v0.0.0-20220614162138-6c1b26c55098
	golang.org/x/term v0.0.0-20220411215600-e5f449aeb171
	golang.org/x/tools v0.1.11-0.20220516163903-1e55371df567
)

require (
	github.com/ianlancetaylor/demangle v0.0.0-20220319035150-800ac71e25c2 // indirect
	golang.org/x/crypto v0.0.0-20220516162934-403b01795ae8 // indirect
)

replace golang.org/x/sys => golang.org/x/sys v0.1.0

replace github.com/google/pprof => ./third_party/pprof

replace golang.org/x/mod v0.6.0-dev.0.20220419223038-86c51ed26bb4 => example.com/mod-fork v0.6.1

replace golang.org/x/arch v0.0.1 => golang.org/x/arch v0.0.2

exclude golang.org/x/term v0.0.0-20220411215600-e5f449aeb171

replace golang.org/x/unused => golang.org/x/unused v1.0.0
