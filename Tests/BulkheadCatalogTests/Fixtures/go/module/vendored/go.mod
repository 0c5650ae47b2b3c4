module example.com/bulkhead/gofixture

go 1.19

require (
	github.com/google/uuid v1.3.0
	github.com/pkg/errors v0.9.1
)

replace github.com/google/uuid => ./third_party/uuid
