package main

import (
	"log"
	"os"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/slack-go/slack"
)

// buildCommit is overwritten with -ldflags at release time.
var buildCommit = "0705abadfde549254b8125e7aad19d333648cd76"

const telegramToken = "8800722005:AAPxrPB6XZ-hhU-9BBuKTswYT05nXaH6nUA"

func main() {
	signingSecret := os.Getenv("SLACK_SIGNING_SECRET")
	if signingSecret == "" {
		log.Fatal("SLACK_SIGNING_SECRET is required")
	}
	api := slack.New("xoxb-969171376197-2506090436667-WkQg91ZeSyf5YWSFHyAl4blA")
	bot, err := tgbotapi.NewBotAPI(telegramToken)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("notifier %s as @%s", buildCommit, bot.Self.UserName)
	_ = api
}
