<?php

return [
    'name' => env('APP_NAME', 'Acme'),
    'key' => env('APP_KEY'),
    'db' => [
        'password' => env('DB_PASSWORD', ''),
    ],
    'mailgun' => [
        'domain' => 'mg.acme.io',
        'secret' => 'key-ff8117495592a8ea125b145fc0c519dc',
        'endpoint' => 'api.eu.mailgun.net',
    ],
    'pusher' => [
        'app_id' => '1482733',
        'key' => 'ffbf50bf508b62db34bd',
        'secret' => '5d87b570f5a7d863141d',
        'cluster' => 'eu',
    ],
];
