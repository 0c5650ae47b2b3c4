package auth

import (
	"encoding/json"
	"net/http"
	"os"

	"golang.org/x/crypto/bcrypt"
)

type Credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

var jwtSecret = []byte(os.Getenv("JWT_SECRET"))

func Login(w http.ResponseWriter, r *http.Request) {
	var creds Credentials
	if err := json.NewDecoder(r.Body).Decode(&creds); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	hash := lookupHash(creds.Username)
	if err := bcrypt.CompareHashAndPassword(hash, []byte(creds.Password)); err != nil {
		http.Error(w, "invalid password", http.StatusUnauthorized)
		return
	}
	token := r.Header.Get("Authorization")
	_ = token
}

func lookupHash(user string) []byte { return nil }
