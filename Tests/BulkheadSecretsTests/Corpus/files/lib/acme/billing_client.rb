require 'stripe'
require 'twilio-ruby'

module Acme
  class BillingClient
    Stripe.api_key = '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'

    def initialize(password: ENV.fetch('BILLING_PASSWORD'))
      @password = password
    end

    def sms
      @sms ||= Twilio::REST::Client.new('ACe87342ab159950a5e11869b5f40310b2', '5f8a11ecc45c63c12645af9341fa6688')
    end

    DEFAULT_TOKEN = nil
  end
end
