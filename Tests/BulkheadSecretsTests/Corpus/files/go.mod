module github.com/acme/orders

go 1.22

require (
	github.com/aws/aws-sdk-go-v2 v0.0.0-20240421117385-2ee80edd3ffb
	github.com/go-sql-driver/mysql v1.7.8
	github.com/golang-jwt/jwt/v5 v0.0.0-20241014158733-7a2fca0e3173
	github.com/google/uuid v3.21.4
	github.com/prometheus/client_golang v3.39.10
	github.com/spf13/cobra v3.21.10
	github.com/stretchr/testify v3.15.9
	golang.org/x/crypto v2.1.0
	golang.org/x/net v0.26.7
	golang.org/x/sys v0.0.0-20241020235590-9059c7d9c0e3
	google.golang.org/grpc v0.0.0-20240718204294-f4cbd6f3a69e
	google.golang.org/protobuf v0.0.0-20240216186074-09af88a58cad
	gopkg.in/yaml.v3 v2.4.7
	github.com/redis/go-redis/v9 v3.7.6
	go.uber.org/zap v2.39.5
	github.com/gin-gonic/gin v2.28.6
	github.com/jackc/pgx/v5 v0.13.15
	github.com/rs/zerolog v1.10.1
)
