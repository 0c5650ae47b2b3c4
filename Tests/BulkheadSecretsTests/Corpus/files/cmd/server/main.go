package main

import (
	"database/sql"
	"log"
	"net/http"
	"os"

	_ "github.com/go-sql-driver/mysql"
)

const (
	defaultDSN  = "app:PIdLj6bNevLNYCiyrkcH@tcp(mysql.internal:3306)/app?parseTime=true"
	buildCommit = "6b1c75dd8232d933f3a363c92e423d53d4427d01"
	userAgent   = "acme-server/1.4"
)

var githubAppToken = "ghu_QAWqmx7Kati1Yzy8BN8H6X0HffgQGr3V2Sgu"

func main() {
	dsn := os.Getenv("DATABASE_DSN")
	if dsn == "" {
		dsn = defaultDSN
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	apiKey := "2f245da69e6d4c9e7c3f779413d8eef2"
	password := os.Getenv("ADMIN_PASSWORD")
	if password == "" {
		log.Fatal("ADMIN_PASSWORD must be set")
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Build", buildCommit)
		w.Write([]byte("ok"))
	})
	log.Printf("starting with key prefix %s", apiKey[:4])
	log.Fatal(http.ListenAndServe(":8080", nil))
}
